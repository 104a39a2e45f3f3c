read-more = Keep reading
