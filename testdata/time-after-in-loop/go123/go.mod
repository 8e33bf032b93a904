module example.com/afters/go123

go 1.23
