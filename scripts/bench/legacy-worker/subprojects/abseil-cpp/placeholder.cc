// Placeholder: the real library comes from the system through pkg-config.
int vwindow_placeholder_abseil() { return 0; }
