// Linked against one layer as a whole archive: any symbol the layer uses from a layer above it
// (a wrong include) is undefined here and fails the build.
int main() { return 0; }
