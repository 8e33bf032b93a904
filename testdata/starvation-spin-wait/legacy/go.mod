module example.com/spin/legacy

go 1.13
