/** Registers the message types that travel on the catalogue-sync queue (its consumer imports only this). */
import "../catalogue/index";
