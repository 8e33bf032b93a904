module example.com/ticks

go 1.22
