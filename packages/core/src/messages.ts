/** Importing this registers every message type (the local runtime, jobs and
 * tests). Each consumer Lambda imports only its own queue's file, so its
 * bundle carries only the modules it handles; tests/messaging/registry.test.ts
 * checks that each file registers every type of its queue. */
import "./messages/catalogue-sync";
import "./messages/assistance";
import "./messages/recognition";
