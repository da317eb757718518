/** Who I am in presence and ratings: the signed-in account's id, name and presence colour. */
export interface Identity {
  readonly userId: string;
  readonly name: string;
  readonly color: string;
}
