/** Watching the SDK's requests (the tests' IAM and partition recorders,
 * tests/security): every DynamoDB and SQS client core creates passes each
 * command, with its input and the credentials it runs with, to the observers
 * registered here. Nothing is registered in production. */

export interface SdkRequest {
  service: "dynamodb" | "sqs";
  /** The low-level command, e.g. `GetItemCommand`, `TransactWriteItemsCommand`, `SendMessageBatchCommand`. */
  command: string;
  /** The command's input (DocumentClient inputs are still plain values here). */
  input: Record<string, unknown>;
  /** Whose credentials sign it: a tenant's scoped session, or the function's own role. */
  credentials: { tenant: string } | "function";
}

export type SdkObserver = (request: SdkRequest) => void;

const observers = new Set<SdkObserver>();

export function observeSdk(observer: SdkObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

interface Instrumentable {
  middlewareStack: {
    add(
      middleware: (next: (args: { input: object }) => Promise<unknown>, context: { commandName?: string }) => (args: { input: object }) => Promise<unknown>,
      options: { step: "initialize"; priority: "low"; name: string },
    ): void;
  };
}

/** Adds the observing middleware to a client (runs inside the request's async context). */
export function instrument(client: Instrumentable, service: SdkRequest["service"], credentials: SdkRequest["credentials"] = "function") {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (observers.size > 0) {
        const request: SdkRequest = { service, command: context.commandName ?? "unknown", input: args.input as Record<string, unknown>, credentials };
        for (const observer of observers) observer(request);
      }
      return next(args);
    },
    { step: "initialize", priority: "low", name: "supervisionObserve" },
  );
}
