package dev.parley.testing;

/** Scenarios the HTTP tests talk to. */
public final class Scenarios {

    /** A greeting with buttons, a named greeting from request data, an event, an ending and a fallback. */
    public static final String SHOP = """
            name: shop
            states:
              /Start:
                - text: "Welcome!"
              /Hello:
                - intent: {patterns: ["hi", "hello*"]}
                - text: "Hello, {{name | default: 'friend'}}!"
                - buttons: ["Order status", {text: "Bye", goto: /Bye}]
              /Order:
                - intent: {phrases: ["where is my order", "order status", "track my parcel"]}
                - text: "Your order number?"
              /Paid:
                - event: orderPaid
                - text: "Payment received, thank you!"
              /Bye:
                - intent: {patterns: ["bye"]}
                - text: "Bye!"
                - end: true
              /CatchAll:
                - text: "Tell the bot something"
            tests:
              - say: "hello"
                expect: {state: /Hello}
            """;

    private Scenarios() {
    }
}
