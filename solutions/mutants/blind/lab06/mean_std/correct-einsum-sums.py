# kind: correct
# why: one pass with einsum for Σx and Σx² per channel (float64), the pixel count from the batch shape; population std [visible tests: all pass]
def channel_mean_std(loader):
    """Média e desvio padrão de cada canal sobre TODOS os pixels de todas as imagens.

    loader devolve batches (x, y) com x de forma (B, C, H, W). Faça uma única passada,
    acumulando por canal a soma dos valores, a soma dos quadrados e o número de pixels;
    no fim, média = soma / n e desvio = sqrt(soma dos quadrados / n - média²) (o desvio
    populacional, dividindo por n). Não guarde os batches: o conjunto inteiro pode não
    caber na memória. Devolve dois tensores float64 de forma (C,).
    """
    total = total_sq = 0.0
    count = 0
    for batch in loader:
        x = batch[0].double()                                    # (B, C, H, W)
        total = total + torch.einsum("bchw->c", x)
        total_sq = total_sq + torch.einsum("bchw,bchw->c", x, x)
        count += x.shape[0] * x.shape[2] * x.shape[3]
    mu = total / count
    sigma = torch.sqrt(torch.clamp(total_sq / count - mu * mu, min=0))
    return mu, sigma
