export const REPORT_STORE = Symbol('ReportEventStore');
export const REPORT_GENERATOR = Symbol('ReportGenerator');
export const SETTINGS = Symbol('SettingsView');
