import { z } from "zod";

/**
 * The caller's own PostgreSQL login (`MaterializedViewAccount` on the server): `username` is `user` plus a
 * zero-padded number, e.g. `user0042`; `credential` is its password. Answer of `GET /datastore/principals/db`
 * and `POST /datastore/principals/db/credential`.
 */
export const DbAccount = z.object({ username: z.string(), credential: z.string() }).passthrough();
export interface DbAccount {
  username: string;
  credential: string;
  [key: string]: unknown;
}
