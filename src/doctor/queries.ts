// Every SQL statement the doctor runs. All read-only, except the termination, which only runs with
// --terminate-idle-older-than and --yes.

/** Server settings, and who we are (so our own connection is left out of every figure). */
export const SETTINGS_SQL = `
select current_setting('max_connections')::int as max_connections,
       current_setting('superuser_reserved_connections')::int as superuser_reserved,
       coalesce(current_setting('reserved_connections', true), '0')::int as reserved,
       current_database() as database,
       pg_backend_pid() as pid,
       current_setting('server_version') as server_version`;

/** Client connections on the whole server (not background workers). */
export const ACTIVITY_SQL = `
select pid,
       datname as database,
       coalesce(application_name, '') as application_name,
       host(client_addr) as client_addr,
       state,
       extract(epoch from (now() - state_change))::float8 as state_seconds
  from pg_stat_activity
 where backend_type = 'client backend'`;

const IDLE_CANDIDATES = `
  from pg_stat_activity
 where datname = current_database()
   and backend_type = 'client backend'
   and pid <> pg_backend_pid()
   and state = 'idle'
   and state_change < now() - make_interval(secs => $1)`;

/** Idle connections of the current database older than $1 seconds (never ours, never active). */
export const IDLE_CANDIDATES_SQL = `
select pid, coalesce(application_name, '') as application_name, host(client_addr) as client_addr,
       extract(epoch from (now() - state_change))::float8 as state_seconds
${IDLE_CANDIDATES}
 order by state_change`;

export const TERMINATE_IDLE_SQL = `
select pid, coalesce(application_name, '') as application_name, host(client_addr) as client_addr,
       extract(epoch from (now() - state_change))::float8 as state_seconds,
       pg_terminate_backend(pid) as terminated
${IDLE_CANDIDATES}
 order by state_change`;

export interface SettingsRow {
  max_connections: number;
  superuser_reserved: number;
  reserved: number;
  database: string;
  pid: number;
  server_version: string;
}

export interface ActivityRow {
  pid: number;
  database: string | null;
  application_name: string;
  client_addr: string | null;
  state: string | null;
  state_seconds: number | null;
}

export interface IdleRow {
  pid: number;
  application_name: string;
  client_addr: string | null;
  state_seconds: number;
  terminated?: boolean;
}
