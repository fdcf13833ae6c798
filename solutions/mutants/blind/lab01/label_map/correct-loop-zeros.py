# kind: correct
# why: builds each one-hot by hand with torch.zeros in a loop over the sorted distinct labels; float32, size = number of classes
def make_label_map(labels) -> dict:
    """Mapeia cada rótulo distinto para um vetor one-hot (float32).

    Os rótulos distintos são ordenados (sorted) e o i-ésimo recebe o vetor com 1
    na posição i e 0 nas demais; o tamanho do vetor é o número de classes.

    Exemplo: make_label_map(["dog", "cat", "dog"]) ->
        {"cat": tensor([1., 0.]), "dog": tensor([0., 1.])}
    """
    # SEU CÓDIGO AQUI
    distinct = []
    for label in labels:          # tira as repetições
        if label not in distinct:
            distinct.append(label)
    distinct = sorted(distinct)
    n_classes = len(distinct)
    label_map = {}
    for position, label in enumerate(distinct):
        vec = torch.zeros(n_classes, dtype=torch.float32)
        vec[position] = 1.0
        label_map[label] = vec
    return label_map
