/** Importing this registers every message type with the consumers. */
import "./notice/index";
import "./catalogue/index";
import "./recognition/index";
