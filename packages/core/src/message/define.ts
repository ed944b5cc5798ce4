import type * as z from "zod";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import type { Change, OutgoingMessage } from "../outbox/commit";
import type { QueueName } from "../queue/definitions";
import { Envelope } from "../queue/envelope";
import { createId } from "../util/id";

/** A kind of message: its queue, the payload schema of each version it
 * accepts (the current and the previous, so a deployment never strands
 * messages already queued) and what the receiving tenant does with it. */
export interface Definition<P> {
  type: string;
  queue: QueueName;
  version: number;
  versions: Record<number, z.ZodType>;
  /** Upgrade an accepted older payload to the current shape. */
  upgrade?: (version: number, payload: unknown) => P;
  /** Runs in the receiving tenant's context; returns the change to commit,
   * or `{ skip: reason }` when the message changes nothing (e.g. it repeats
   * or is older than what the tenant has): then only the message is marked
   * consumed, with no audit event, and the outcome says why. */
  handle: (payload: P, envelope: Envelope) => Promise<Change | Skip>;
  /** The receiver only mirrors figures of the sender that the sender's own
   * chain already audits (reports to a superior): committed without an audit
   * event of the receiver's, so many reporters never queue on one chain head. */
  mirror?: boolean;
  /** The handler writes before returning its change (e.g. marks hundreds of
   * assignments in chunks): verify the sender's outbox before running it.
   * Otherwise origin is verified by the condition of the consumed-marker in
   * the change's own transaction, which saves a read per message. */
  verifyBeforeHandle?: boolean;
}

export interface Skip {
  skip: string;
}

/** A definition that can also build its outgoing messages. */
export type Defined<P> = Definition<P> & { create: (toTenant: string, payload: P) => OutgoingMessage };

/** Define a message type. Nothing is registered: each consumer entry lists
 * the definitions it handles (`registry`). */
export function define<P>(def: Definition<P>): Defined<P> {
  return {
    ...def,
    create(toTenant: string, payload: P): OutgoingMessage {
      const schema = def.versions[def.version]!;
      const envelope = Envelope.parse({
        id: createId("msg"),
        type: def.type,
        schemaVersion: def.version,
        fromTenant: useTenant(),
        toTenant,
        actor: actorRef(useActor()),
        occurredAt: Clock.iso(),
        payload: schema.parse(payload),
      });
      return { queue: def.queue, envelope };
    },
  };
}

/** Any definition, its payload type erased: the payload reaching `handle`
 * was validated by the definition's own schema (and upgraded) first. */
export type AnyDefinition = Omit<Definition<unknown>, "handle" | "upgrade"> & {
  upgrade?: (version: number, payload: unknown) => unknown;
  handle: (payload: never, envelope: Envelope) => Promise<Change | Skip>;
};

/** A definition a consumer names by its type and loads on the first message
 * of that type: a consumer's cold start then carries the messaging core only,
 * not every module that handles one of its types (issue 16). */
export interface Lazy {
  type: string;
  queue: QueueName;
  load: () => Promise<AnyDefinition>;
}

/** Name a definition to load when a message of its type first arrives. */
export function lazy(queue: QueueName, type: string, load: () => Promise<AnyDefinition>): Lazy {
  let loaded: Promise<AnyDefinition> | undefined;
  return {
    type,
    queue,
    load: () =>
      (loaded ??= load().then((def) => {
        // A loader pointing at another type or queue is a programming error (tests/messaging/registry.test.ts loads each one).
        if (def.type !== type || def.queue !== queue) throw new Error(`lazy message ${queue}/${type} loaded ${def.queue}/${def.type}`);
        return def;
      })).catch((err: unknown) => {
        loaded = undefined;
        throw err;
      }),
  };
}

/** The message types one queue's consumer handles, by type. */
export interface Registry {
  queue: QueueName;
  types: ReadonlyMap<string, AnyDefinition | Lazy>;
}

/** The registry of one queue's consumer, from the definitions it lists. A
 * definition of another queue, or a type listed twice, is a programming error. */
export function registry(queue: QueueName, definitions: Array<AnyDefinition | Lazy>): Registry {
  const types = new Map<string, AnyDefinition | Lazy>();
  for (const def of definitions) {
    if (def.queue !== queue) throw new Error(`message type ${def.type} travels on ${def.queue}, not ${queue}`);
    if (types.has(def.type)) throw new Error(`message type ${def.type} listed twice for ${queue}`);
    types.set(def.type, def);
  }
  return { queue, types };
}

/** The definition of `type` in `registry` (loaded if it is lazy), or undefined when the queue does not carry that type. */
export async function definitionOf(registry: Registry, type: string): Promise<AnyDefinition | undefined> {
  const entry = registry.types.get(type);
  if (!entry) return undefined;
  return "load" in entry ? entry.load() : entry;
}

/** Is this value a message definition? (For the test that every definition is in its queue's registry.) */
export function isDefinition(value: unknown): value is AnyDefinition {
  const v = value as Partial<AnyDefinition> | null;
  return !!v && typeof v === "object" && typeof v.type === "string" && typeof v.queue === "string" && typeof v.handle === "function" && typeof v.versions === "object";
}
