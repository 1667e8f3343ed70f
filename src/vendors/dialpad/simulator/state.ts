/**
 * The company a Dialpad simulator serves, in the vendor's own wire shapes (shared/specs/dialpad-openapi.json).
 * int64 ids are JSON strings, as in every example of Dialpad's spec.
 */
export interface DialpadGroupDetailRaw {
  group_id: string;
  group_type: string;
  role: 'admin' | 'operator' | 'supervisor';
  do_not_disturb?: boolean;
}

export interface DialpadUserRaw {
  id: string;
  company_id?: string;
  office_id?: string;
  admin_office_ids?: string[];
  /** First is primary. */
  emails?: string[];
  first_name?: string;
  last_name?: string;
  display_name?: string;
  phone_numbers?: string[];
  license?: string;
  /** active, cancelled, deleted, pending (invited, not accepted), suspended */
  state?: string;
  is_admin?: boolean;
  is_super_admin?: boolean;
  group_details?: DialpadGroupDetailRaw[];
  /** ISO 8601 without zone, e.g. 2021-06-20T19:18:00 */
  date_added?: string;
  date_active?: string;
  date_first_login?: string;
  timezone?: string;
  language?: string;
  country?: string;
  do_not_disturb?: boolean;
  [key: string]: unknown;
}

export interface DialpadOfficeRaw {
  id: string;
  office_id?: string;
  name?: string;
  state?: string;
  is_primary_office?: boolean;
  country?: string;
  timezone?: string;
  phone_numbers?: string[];
  [key: string]: unknown;
}

/** AvailableLicensesProto; counts are int64, sent as strings. */
export interface DialpadAvailableLicensesRaw {
  talk_lines?: string;
  sell_lines?: string;
  contact_center_lines?: string;
  room_lines?: string;
  fax_lines?: string;
  additional_number_lines?: string;
  tollfree_additional_number_lines?: string;
  tollfree_room_lines?: string;
  tollfree_uberconference_lines?: string;
  uberconference_lines?: string;
}

export interface DialpadCallCenterRaw {
  id: string;
  name?: string;
  office_id?: string;
  state?: string;
  [key: string]: unknown;
}

export interface DialpadNumberRaw {
  number: string;
  status: string;
  target_type?: string;
  target_id?: string;
  type?: string;
  area_code?: string;
  company_id?: string;
  office_id?: string;
}

/** UserDeviceProto. Mobile devices (iphone, ipad, android) leave date_registered blank (spec). */
export interface DialpadDeviceRaw {
  id: string;
  user_id: string;
  type: string;
  display_name?: string;
  app_version?: string;
  phone_number?: string;
  date_created?: string;
  date_registered?: string;
  date_updated?: string;
}

export interface DialpadState {
  company: { id: string; name: string; domain?: string; country?: string; account_type?: string; admin_email?: string; office_count?: string; state?: string };
  users: DialpadUserRaw[];
  offices: DialpadOfficeRaw[];
  availableLicenses: Record<string, DialpadAvailableLicensesRaw>;
  callcenters: DialpadCallCenterRaw[];
  /** Call center id -> operator user ids (served as full UserProto from `users`) and room ids. */
  operators: Record<string, { userIds: string[]; roomIds: string[] }>;
  numbers: DialpadNumberRaw[];
  /** Served by GET /api/v2/userdevices (absent: a company with no devices). */
  devices?: DialpadDeviceRaw[];
}
