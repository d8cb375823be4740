fn main() {
    vchat_history::start();
}
