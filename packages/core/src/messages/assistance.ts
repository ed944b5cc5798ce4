/** Registers the message types that travel on the assistance queue (its consumer imports only this). */
import "../notice/index";
import "../assistance/index";
import "../alert/index";
import "../dashboard/index";
