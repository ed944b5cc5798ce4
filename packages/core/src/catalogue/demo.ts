import demo from "../../data/demo-catalogue.json";
import { VersionInput } from "./item";

/** The demo catalogue (data/demo-catalogue.json): version 1, every key area,
 * written from the laws it cites. Seeded by `npm start`; used by tests. */
export function demoCatalogue(): VersionInput {
  return VersionInput.parse(demo);
}
