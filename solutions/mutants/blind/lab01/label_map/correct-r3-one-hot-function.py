# kind: correct
# why: Dedupes with dict.fromkeys, sorts with sorted, and builds the vectors with F.one_hot cast to float32; same map as the torch.eye version.
def make_label_map(labels) -> dict:
    """Mapeia cada rótulo distinto para um vetor one-hot (float32).

    Os rótulos distintos são ordenados (sorted) e o i-ésimo recebe o vetor com 1
    na posição i e 0 nas demais; o tamanho do vetor é o número de classes.

    Exemplo: make_label_map(["dog", "cat", "dog"]) ->
        {"cat": tensor([1., 0.]), "dog": tensor([0., 1.])}
    """
    classes = sorted(dict.fromkeys(labels))
    codes = torch.nn.functional.one_hot(torch.arange(len(classes)), num_classes=len(classes)).to(torch.float32)
    mapping = {}
    for i, label in enumerate(classes):
        mapping[label] = codes[i]
    return mapping
