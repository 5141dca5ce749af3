export class PathViewsDto {
  path!: string;
  views!: number;
}

/** Seed 004's answer to `GET /stats`: one site's page views of one UTC day. */
export class SiteStatsDto {
  site_id!: string;
  date!: string;
  /** Events of event_type page_view, each counted once however often it was sent. */
  total_views!: number;
  /** Distinct user_id among those views; anonymous views count no user. */
  unique_users!: number;
  /** The 10 most viewed paths, most views first, equal views by path. */
  top_paths!: PathViewsDto[];
}
