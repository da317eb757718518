/**
 * "The creator is lead": a view of the document store whose `createAnalysis` also makes the
 * record's creator the analysis's lead. Every way of creating an analysis over REST (blank, JSON,
 * import) goes through the store it is given, so wrapping the store covers them all.
 */
import type { AccountStore } from "../store/AccountStore";
import type { DocumentStore } from "../store/DocumentStore";

export function withCreatorAsLead(
  store: DocumentStore,
  accounts: Pick<AccountStore, "setMember">,
): DocumentStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === "createAnalysis") {
        const create: DocumentStore["createAnalysis"] = async (record, documents, meta) => {
          await target.createAnalysis(record, documents, meta);
          if (record.createdBy !== null) {
            await accounts.setMember({ analysisId: record.id, userId: record.createdBy, role: "lead" });
          }
        };
        return create;
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
