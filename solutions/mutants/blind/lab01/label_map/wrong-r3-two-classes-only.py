# kind: wrong
# why: Hard-codes a 2x2 identity (cat/dog), so with 3+ classes it fails and with 1 class the vector has the wrong size; violates "o tamanho do vetor é o número de classes".
def make_label_map(labels) -> dict:
    """Mapeia cada rótulo distinto para um vetor one-hot (float32).

    Os rótulos distintos são ordenados (sorted) e o i-ésimo recebe o vetor com 1
    na posição i e 0 nas demais; o tamanho do vetor é o número de classes.

    Exemplo: make_label_map(["dog", "cat", "dog"]) ->
        {"cat": tensor([1., 0.]), "dog": tensor([0., 1.])}
    """
    classes = sorted(set(labels))
    eye = torch.eye(2)  # cat e dog
    return {label: eye[i] for i, label in enumerate(classes)}
