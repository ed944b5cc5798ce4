export * as Message from "./index";

/** Messages between tenants: a module defines each type (`define`), a
 * consumer entry lists the types it handles (`registry`), and `consume`
 * applies one delivered body; `group` commits a batch's messages together. */
export { define, registry, lazy, definitionOf, isDefinition, type Lazy, type AnyDefinition, type Definition, type Defined, type Registry, type Skip } from "./define";
export { consume, PoisonMessage, type Outcome } from "./consume";
export { ConsumeGroup, group } from "./group";
export { Envelope } from "../queue/envelope";
