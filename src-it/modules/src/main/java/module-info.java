module com.example.ledger {
    exports com.example.ledger;
}
