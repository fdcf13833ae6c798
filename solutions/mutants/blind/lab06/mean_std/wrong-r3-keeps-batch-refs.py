# kind: wrong
# why: Appends every batch tensor to a list (no copy) and sums at the end; with a loader that reuses its batch memory all entries are the last batch; violates "Não guarde os batches" and the buffer-reusing loader sentence.
def channel_mean_std(loader):
    """Média e desvio padrão de cada canal sobre TODOS os pixels de todas as imagens.

    loader devolve batches (x, y) com x de forma (B, C, H, W). Faça uma única passada,
    acumulando por canal a soma dos valores, a soma dos quadrados e o número de pixels;
    no fim, média = soma / n e desvio = sqrt(soma dos quadrados / n - média²) (o desvio
    populacional, dividindo por n). Não guarde os batches: o conjunto inteiro pode não
    caber na memória. Devolve dois tensores float64 de forma (C,).
    """
    batches = []
    for x, _ in loader:
        batches.append(x)  # só referências, sem copiar
    s1 = s2 = 0
    n = 0
    for x in batches:
        x = x.double()
        s1 = s1 + x.sum(dim=(0, 2, 3))
        s2 = s2 + (x ** 2).sum(dim=(0, 2, 3))
        n += x.shape[0] * x.shape[2] * x.shape[3]
    mean = s1 / n
    return mean, torch.sqrt(s2 / n - mean ** 2)
