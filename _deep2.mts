import * as Y from "yjs";
import { MemoryStore } from "./server/store/MemoryStore";
import { RoomManager } from "./server/sync/RoomManager";
import { readAnalysisJson } from "./shared/schema/analysisJson";
const store = new MemoryStore();
const d = new Y.Doc();
let p: Y.XmlFragment | Y.XmlElement = d.getXmlFragment("description");
d.transact(() => { for (let i = 0; i < 10000; i++) { const c = new Y.XmlElement("blockquote"); p.insert(0, [c]); p = c; } });
await store.appendUpdate("a1", Y.encodeStateAsUpdate(d), { userId: null });
const rooms = new RoomManager({ store });
try {
  const copy = await rooms.readDocument("a1");
  console.log("read ok");
  const json = readAnalysisJson("a1", { content: copy, lead: new Y.Doc(), ratings: new Map() });
  console.log("json ok", JSON.stringify(json).length);
} catch (e) { console.log("ERR", (e as Error).stack?.slice(0, 1500)); }
await rooms.close();
