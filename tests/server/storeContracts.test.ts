/** Every port's contract, against SQLite and PostgreSQL. */
import { describe } from "vitest";
import { accountsContract } from "./contracts/accounts.contract";
import { activityContract } from "./contracts/activity.contract";
import { attachmentsContract } from "./contracts/attachments.contract";
import { documentsContract } from "./contracts/documents.contract";
import { STORES } from "./contracts/stores";
import { versionsContract } from "./contracts/versions.contract";

describe.each(STORES)("%s store", (_name, open, shared) => {
  documentsContract(open);
  accountsContract(open);
  versionsContract(open);
  activityContract(open);
  attachmentsContract(open, shared);
});
