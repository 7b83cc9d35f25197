fn main() {
    workspace_console::start();
}
