"""Qt widgets of Loket KTP-el: pages, scanner input, feedback, printing."""
