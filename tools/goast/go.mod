module gohazard.dev/tools/goast

go 1.19
