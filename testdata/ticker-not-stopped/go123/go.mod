module example.com/tickers/go123

go 1.23
