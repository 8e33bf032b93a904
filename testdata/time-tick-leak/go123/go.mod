module example.com/ticks/go123

go 1.23
