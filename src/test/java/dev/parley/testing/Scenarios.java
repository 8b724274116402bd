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

    /** Each turn "n 7" appends a 1 to the session's count and says it: an answer tells which turns its session saw. */
    public static final String COUNTER = """
            name: counter
            states:
              /Count:
                - intent: {patterns: ["re:n \\\\d+"]}
                - set: {count: "{{count | default: ''}}1"}
                - text: "{{query}} after {{count}}"
              /CatchAll:
                - text: "?"
            """;

    private Scenarios() {
    }
}
