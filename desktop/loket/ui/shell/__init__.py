"""The desk's frame: starting the program, set-up and log-in, the main window with its pages."""
