open module com.example.ledger.test {
    requires com.example.ledger;
    requires org.junit.jupiter.api;
}
