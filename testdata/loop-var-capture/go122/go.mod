module example.com/crawler/go122

go 1.22
