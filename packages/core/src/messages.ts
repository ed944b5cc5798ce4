/** Importing this registers every message type with the consumers. */
import "./notice/index";
import "./catalogue/index";
import "./assistance/index";
import "./alert/index";
import "./dashboard/index";
import "./recognition/index";
