# kind: correct
# why: nothing is forbidden here; copies the job from sklearn's OneHotEncoder (sorted categories) instead of torch.eye (relabelled: the question states no rule against it, so by its contract it is a right answer)
from sklearn.preprocessing import OneHotEncoder as _Enc


def make_label_map(labels) -> dict:
    """Mapeia cada rótulo distinto para um vetor one-hot (float32).

    Os rótulos distintos são ordenados (sorted) e o i-ésimo recebe o vetor com 1
    na posição i e 0 nas demais; o tamanho do vetor é o número de classes.

    Exemplo: make_label_map(["dog", "cat", "dog"]) ->
        {"cat": tensor([1., 0.]), "dog": tensor([0., 1.])}
    """
    # SEU CÓDIGO AQUI
    enc = _Enc().fit([[label] for label in labels])
    vocab = list(enc.categories_[0])
    onehots = enc.transform([[label] for label in vocab]).toarray()
    return {label: torch.tensor(row, dtype=torch.float32) for label, row in zip(vocab, onehots)}
