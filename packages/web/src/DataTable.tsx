// Moved to components/ (issue 15); kept so existing imports keep working.
export * from "./components/DataTable";
