// Placeholder: flatbuffers is used header-only, from the system.
int vwindow_placeholder_flatbuffers() { return 0; }
