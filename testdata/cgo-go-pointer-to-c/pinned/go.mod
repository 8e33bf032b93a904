module example.com/mixer/pinned

go 1.21
