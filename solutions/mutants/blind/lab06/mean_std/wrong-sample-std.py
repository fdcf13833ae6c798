# kind: wrong
# why: uses the sample variance (divides by n - 1) instead of the population one [visible tests: FAIL mean_std_t1,mean_std_t2]
def channel_mean_std(loader):
    """Média e desvio padrão de cada canal sobre TODOS os pixels de todas as imagens.

    loader devolve batches (x, y) com x de forma (B, C, H, W). Faça uma única passada,
    acumulando por canal a soma dos valores, a soma dos quadrados e o número de pixels;
    no fim, média = soma / n e desvio = sqrt(soma dos quadrados / n - média²) (o desvio
    populacional, dividindo por n). Não guarde os batches: o conjunto inteiro pode não
    caber na memória. Devolve dois tensores float64 de forma (C,).
    """
    s1 = s2 = 0
    n = 0
    for x, _ in loader:
        x = x.double()
        s1 = s1 + x.sum(dim=(0, 2, 3))
        s2 = s2 + (x ** 2).sum(dim=(0, 2, 3))
        n += x.shape[0] * x.shape[2] * x.shape[3]
    mean = s1 / n
    return mean, ((s2 - n * mean ** 2) / (n - 1)).sqrt()
