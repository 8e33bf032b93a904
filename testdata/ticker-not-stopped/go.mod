module example.com/tickers

go 1.21
