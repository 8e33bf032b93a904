module example.com/resets

go 1.22
