module example.com/resets/go123

go 1.23
