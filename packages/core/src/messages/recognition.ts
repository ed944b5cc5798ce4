/** Registers the message types that travel on the recognition queue (its consumer imports only this). */
import "../recognition/index";
