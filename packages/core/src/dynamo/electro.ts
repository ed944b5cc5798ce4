import { useConfig } from "../config";
import { useDynamo } from "./client";

/** Options every ElectroDB entity is built with: the one table, the one client. */
export function entityConfig() {
  return { table: useConfig().TABLE_NAME, client: useDynamo() };
}

export const SERVICE = "supervision";
