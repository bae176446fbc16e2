package protocol

// Version is the application version: the one written into every report,
// run file, trajectory and CSV export of the page and the command line.
const Version = "0.1.0"
