module example.com/afters

go 1.20
