/** The page an analysis page shows instead when the server closed its documents for good. */
import { Link } from "../routes/router";

export function FatalNotice({ message }: { readonly message: string }) {
  return (
    <main className="page">
      <div role="alert" className="card fatal" data-testid="fatal">
        <h1>Cannot open this analysis</h1>
        <p>{message}</p>
        <Link href="/">Back to all analyses</Link>
      </div>
    </main>
  );
}
