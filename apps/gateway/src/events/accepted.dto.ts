/** Documents the answers; the ids are the events' dedup keys, stable across resends. */
export class AcceptedEventDto {
  /** The event's id: the same event sent again gets the same id. */
  id!: string;
}

export class AcceptedBatchDto {
  /** One id per event, in request order. */
  ids!: string[];
}
