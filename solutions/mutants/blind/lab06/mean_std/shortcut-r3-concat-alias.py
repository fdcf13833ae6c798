# kind: shortcut
# why: Keeps cloned batches and joins them with torch.concat (an alias of the blocked torch.cat), then uses var_mean on the whole set; violates "Não guarde os batches" and "torch.cat, torch.stack e o NumPy ficam bloqueados: some batch a batch".
def channel_mean_std(loader):
    """Média e desvio padrão de cada canal sobre TODOS os pixels de todas as imagens.

    loader devolve batches (x, y) com x de forma (B, C, H, W). Faça uma única passada,
    acumulando por canal a soma dos valores, a soma dos quadrados e o número de pixels;
    no fim, média = soma / n e desvio = sqrt(soma dos quadrados / n - média²) (o desvio
    populacional, dividindo por n). Não guarde os batches: o conjunto inteiro pode não
    caber na memória. Devolve dois tensores float64 de forma (C,).
    """
    join = torch.concat
    parts = []
    for x, _ in loader:
        parts.append(x.detach().clone().double())
    everything = join(parts, dim=0)
    var, mean = torch.var_mean(everything, dim=(0, 2, 3), correction=0)
    return mean, var.sqrt()
